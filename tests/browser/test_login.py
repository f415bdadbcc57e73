"""A real browser logs in and sees the interface in Chinese."""

from tests.browser.conftest import login
from tests.conftest import PASSWORD


def test_login_shows_chinese_interface(page, world) -> None:
    login(page, "county_a1", PASSWORD)
    assert page.url.rstrip("/") == page.base_url
    assert "退出" in page.inner_text("header")


def test_wrong_password_is_refused_in_chinese(page, world) -> None:
    login(page, "county_a1", "wrong")
    assert "/accounts/login/" in page.url
    assert "用户名和密码不匹配" in page.inner_text("main")
