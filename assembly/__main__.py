"""The `assembly` console script (and `python -m assembly`): the app's commands."""

from flask.cli import FlaskGroup

from assembly import create_app


def main() -> None:
    """Entry point of the `assembly` console script."""
    FlaskGroup(create_app=create_app, help="Assemblée: run and look after an instance.")()


if __name__ == "__main__":
    main()
