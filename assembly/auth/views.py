"""Signing in and out, the account page, and the instance's list of accounts."""

import hashlib

from flask import Blueprint, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from assembly.auth import operations
from assembly.auth.forms import LoginForm, PasswordForm, ProfileForm, ResetForm
from assembly.auth.links import reset_link_page
from assembly.auth.models import RESET_LIFETIME, PasswordReset, User, find_reset
from assembly.extensions import csrf, db, limiter
from assembly.web.access import instance_admin, public, signed_in
from assembly.web.cookies import sent_from_our_pages
from assembly.web.i18n import LANGUAGE_COOKIE
from assembly.web.render import form_status, render
from assembly.web.urls import safe_next
from assembly.web.visitor import limit_public_form

bp = Blueprint("auth", __name__)

YEAR = 60 * 60 * 24 * 365


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def login_key() -> str:
    """Tries at one name from one address: members signing in from one Wi-Fi do not
    use up each other's tries; `login_address_limit` holds a guesser trying many names."""
    name = request.form.get("login", "").strip().casefold()
    return f"{get_remote_address()}|{hashlib.sha256(name.encode()).hexdigest()[:16]}"


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(login_address_limit, methods=["POST"])
@limiter.limit(login_limit, key_func=login_key, methods=["POST"])
def login():
    """Sign in with a username or an e-mail address."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next"), url_for("groups.index")))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.login.data, form.password.data)
        if user is not None:
            operations.start_session(user)
            return redirect(safe_next(form.next.data, url_for("groups.index")))
        form.password.errors.append(_("Wrong username or password."))
    return render("auth/login.html", form=form, status=form_status(form))


@bp.post("/logout")
@signed_in
def logout():
    """Sign out on every device: a cookie copied before this moment no longer works."""
    operations.sign_out_everywhere(current_user)
    logout_user()
    session.clear()
    flash(_("You are signed out, on every device."))
    return redirect(url_for("groups.index"))


@bp.route("/account", methods=["GET", "POST"])
@signed_in
def account():
    """Name, contact details and language of the signed-in account."""
    form = ProfileForm(current_user)
    if form.validate_on_submit():
        operations.update_profile(
            current_user,
            display_name=form.display_name.data,
            email=form.email.data,
            phone=form.phone.data,
            locale=form.locale.data,
        )
        flash(_("Your account is saved."))
        return redirect(url_for("auth.account"))
    return render("auth/account.html", form=form, status=form_status(form))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def password():
    """Change the password; every other session of the account ends."""
    form = PasswordForm(current_user)
    if form.validate_on_submit():
        if operations.password_matches(current_user, form.current_password.data):
            user = current_user._get_current_object()
            operations.change_password(user, form.password.data)
            operations.start_session(user)
            flash(_("Your password is changed. Other devices have been signed out."))
            return redirect(url_for("auth.account"))
        form.current_password.errors.append(_("This is not your current password."))
    return render("auth/password.html", form=form, status=form_status(form))


def _reset_gone(status: int, link: PasswordReset | None = None):
    """The page of a link that no longer works; it says how long that link was good for."""
    hours = link.hours if link is not None else int(RESET_LIFETIME.total_seconds() // 3600)
    return render("auth/reset_gone.html", hours=hours, status=status)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limit_public_form
def reset(token: str):
    """Choose a new password through a link the team made or one sent by e-mail (the
    forgotten-password page, messages/views/recovery.py); then the person is signed in.

    Opening the page spends nothing: only saving the password uses the link up.
    """
    link = find_reset(token)
    if link is None or not link.usable:
        return _reset_gone(404 if link is None else 410, link)
    form = ResetForm(link.user)
    if form.validate_on_submit():
        user = operations.reset_password(link, form.password.data)
        if user is None:  # the same link was used a moment ago, in another tab
            return _reset_gone(410, link)
        operations.start_session(user)
        flash(
            _("Your new password is saved. Your username is %(username)s.", username=user.username)
        )
        return redirect(url_for("groups.index"))
    return render(
        "auth/reset.html", form=form, user=link.user, token=token, status=form_status(form)
    )


@bp.post("/language")
@public
@csrf.exempt  # checked below: the token, or else the browser's word that it is our page
def language():
    """Remember the chosen language: in a cookie, and on the account when signed in.

    The switcher is on every page, and a reading page has no session for a token to
    live in (web/cookies.py): a post without a token must come from one of our pages.
    """
    if request.form.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")) or not (
        sent_from_our_pages()
    ):
        csrf.protect()
    chosen = request.form.get("lang", "")
    response = redirect(safe_next(request.form.get("next"), url_for("groups.index")))
    if chosen in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=YEAR,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["HTTPS"],
        )
        if current_user.is_authenticated:
            operations.set_locale(current_user, chosen)
    return response


@bp.get("/admin/users")
@instance_admin
def users():
    """Every account of the instance, for the instance's administrators."""
    accounts = db.session.scalars(db.select(User).order_by(db.func.lower(User.display_name)))
    return render("auth/users.html", users=list(accounts))


@bp.post("/admin/users/<int:user_id>/active")
@instance_admin
def set_active(user_id: int):
    """Disable an account (its sessions end at once) or enable it again."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("You cannot disable your own account."))
    else:
        operations.set_active(user, request.form.get("active") == "1")
    return redirect(url_for("auth.users"))


@bp.post("/admin/users/<int:user_id>/reset")
@instance_admin
def make_reset_link(user_id: int):
    """Make a one-time reset link for any account (instance administrators only)."""
    user = db.get_or_404(User, user_id)
    token = operations.create_reset_link(user, by=current_user)
    return reset_link_page(user, token, back=url_for("auth.users"))
