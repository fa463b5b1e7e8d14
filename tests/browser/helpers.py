"""Steps the browser tests share."""


def switch_language(page, value: str) -> None:
    """Click the language switch as a person would: below the wide breakpoint it sits in the folded
    header menu, so open "Menu" first."""
    button = page.locator(f".lang-switch button[value={value}]")
    if not button.is_visible():
        page.click("label.menu-button")
    button.click()
