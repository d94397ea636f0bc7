"""The app's mailbox watch through Pilot: the key, the palette entry, a failing server, undo."""

from __future__ import annotations

from pathlib import Path

from followup_tui.storage.config import Config, InboxSettings, Profile
from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from followup_tui.tui.app import FollowupApp
from followup_tui.tui.screens.list_screen import InterviewListScreen
from tests.cli.test_inbox_sources import DANA, REPLY_AT, thanked
from tests.conftest import until
from tests.mailboxes import USER, drop, free_port, message


def _messages(app: FollowupApp) -> list[str]:
    return [str(item.message) for item in app._notifications]


async def test_m_scans_and_shift_m_undoes_the_row(home: Home, store: Store, tmp_path: Path) -> None:
    inbox = tmp_path / "INBOX"
    drop(inbox, message(DANA, USER, "Next steps", REPLY_AT, "<r@acme>"))
    interview = thanked()
    store.save(interview)
    config = Config(
        profile=Profile(email=USER), inbox=InboxSettings(maildir=[str(inbox)], scan_minutes=0)
    )
    app = FollowupApp(home, config)
    async with app.run_test(notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen), what="the list")
        screen = app.screen
        assert isinstance(screen, InterviewListScreen)
        await until(pilot, lambda: store.load(interview.id).response is not None, what="a scan")
        await until(pilot, lambda: any("1 reply found" in m for m in _messages(app)))
        assert screen.check_action("undo_mail", ()) is True
        descriptions = [binding.description for binding, _ in screen.palette_bindings()]
        assert "Check mail" in descriptions and "Undo mail finding" in descriptions
        await pilot.press("M")
        await until(pilot, lambda: store.load(interview.id).response is None, what="the undo")
        assert screen.check_action("undo_mail", ()) is False
        await pilot.press("m")  # the undone reply is never recorded again
        await until(pilot, lambda: any("No new replies" in m for m in _messages(app)))
        assert store.load(interview.id).response is None


async def test_an_unreachable_server_is_one_line_and_typing_goes_on(
    home: Home, store: Store
) -> None:
    store.save(thanked())
    port = free_port()
    config = Config(
        profile=Profile(email=USER),
        inbox=InboxSettings(
            imap_host="127.0.0.1",
            imap_port=port,
            imap_username="me",
            imap_password_env="HOME",
            scan_minutes=0,
        ),
    )
    app = FollowupApp(home, config)
    async with app.run_test(notifications=True) as pilot:
        await until(pilot, lambda: any("refused the connection" in m for m in _messages(app)))
        [line] = [m for m in _messages(app) if "refused" in m]
        assert line == (
            f"127.0.0.1:{port} refused the connection; check imap_host and imap_port under [inbox]."
        )
        await pilot.press("slash", "a", "c")
        assert app.screen.query_one("#filter").value == "ac"  # type: ignore[attr-defined]


async def test_no_inbox_no_key(home: Home, store: Store) -> None:
    store.save(thanked())
    app = FollowupApp(home, Config())
    async with app.run_test() as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewListScreen), what="the list")
        assert app.screen.check_action("check_mail", ()) is False  # type: ignore[union-attr]


async def test_shift_m_waits_for_another_followup_without_freezing(
    home: Home, store: Store, tmp_path: Path
) -> None:
    """The mailbox undo goes through the app's writes: a held lock is waited for, keys go on."""
    from tests.reliability.helpers import OtherFollowup

    inbox = tmp_path / "INBOX"
    drop(inbox, message(DANA, USER, "Next steps", REPLY_AT, "<r@acme>"))
    interview = thanked()
    store.save(interview)
    config = Config(
        profile=Profile(email=USER), inbox=InboxSettings(maildir=[str(inbox)], scan_minutes=0)
    )
    app = FollowupApp(home, config)
    async with app.run_test(notifications=True) as pilot:
        await until(pilot, lambda: store.load(interview.id).response is not None, what="a scan")
        await until(pilot, lambda: any("1 reply found" in m for m in _messages(app)))
        other = OtherFollowup(home)
        try:
            await pilot.press("M")
            await until(pilot, lambda: app.writes.waiting, what="the undo to wait")
            await pilot.press("slash", "a")  # the app answers meanwhile
            assert app.screen.query_one("#filter").value == "a"  # type: ignore[attr-defined]
            assert store.load(interview.id).response is not None
        finally:
            other.release()
        await until(pilot, lambda: store.load(interview.id).response is None, what="the undo")
        assert any("Undone" in m for m in _messages(app))
