"""The declarations drive the rights: every link to a person or an account is declared, and
every declaration names real tables, columns and links (else export and erasure miss rows)."""

from sqlalchemy import JSON, Boolean, String, Text

from assembly.extensions import db
from assembly.web.personal_data import (
    SUBJECTS,
    Drop,
    Erase,
    Keep,
    all_purges,
    all_refers,
    declared_columns,
    referring_columns,
)
from assembly.web.rights import in_group, target

# Tables that belong to an account, not to a group: no group's export or erasure reaches them.
ACCOUNT_TABLES = {"users", "password_resets"}


def points_at_someone(table, column) -> bool:
    """Whether a column names a person or an account: a foreign key to one, or a name
    that says so (a column without its key would escape the export otherwise)."""
    if any(key.column.table.name in SUBJECTS for key in column.foreign_keys):
        return True
    return column.name in ("person_id", "user_id") or column.name.endswith("_by_id")


def test_every_column_pointing_at_a_person_or_an_account_is_declared(app):
    pointing = {
        f"{table.name}.{column.name}"
        for table in db.metadata.tables.values()
        for column in table.c
        if points_at_someone(table, column)
    }
    assert pointing, "no column points at people or users?"
    missing = pointing - referring_columns()
    assert not missing, f"no declaration's `refers` covers {sorted(missing)}"


def test_the_declared_links_are_real_and_lead_somewhere(app):
    tables = db.metadata.tables
    reached = {ref.table for ref in all_refers() if not ref.acted} | set(SUBJECTS)
    for ref in all_refers():
        table = tables[ref.table]
        for column in (*ref.by, *ref.shows, *ref.withheld, *ref.where):
            assert column in table.c, f"{ref.table}.{column} does not exist"
        for column in ref.by:
            assert target(ref, column) in reached, f"{ref.table}.{column} leads nowhere declared"


def test_every_row_about_someone_belongs_to_a_group_or_to_an_account(app):
    for ref in all_refers():
        if not ref.acted and ref.table not in ACCOUNT_TABLES:
            table = db.metadata.tables[ref.table]
            assert in_group(table, 1) is not None, f"{ref.table} belongs to no group"


def treated(keep: Keep, table):
    for name, how in keep.columns.items():
        assert name in table.c, f"{table.name}.{name} does not exist"
        column_type = table.c[name].type
        if isinstance(how, Drop):
            assert isinstance(column_type, JSON), f"{table.name}.{name}: keys of a JSON column only"
        elif how == Erase.NEUTRAL:
            assert isinstance(column_type, String | Text), f"{table.name}.{name}: a name only"
        elif how == Erase.BLANK:
            assert isinstance(column_type, String | Text | Boolean | JSON), f"{table.name}.{name}"
        elif how == Erase.NULL:
            assert table.c[name].nullable, f"{table.name}.{name} cannot be NULL"
        yield f"{table.name}.{name}"


def test_what_erasure_and_the_purge_erase_is_declared_personal_data(app):
    erased = set()
    for rule in [*all_refers(), *all_purges()]:
        if isinstance(rule.erase, Keep):
            erased |= set(treated(rule.erase, db.metadata.tables[rule.table]))
    undeclared = erased - declared_columns() - referring_columns()
    assert not undeclared, f"erased but not on /data: {sorted(undeclared)}"


def test_links_a_kept_row_loses_may_be_null(app):
    from assembly.web.rights import subject_links

    for ref in all_refers():
        if isinstance(ref.erase, Keep) and not ref.acted:
            for column in subject_links(ref):
                assert db.metadata.tables[ref.table].c[column].nullable, f"{ref.table}.{column}"
