"""The Textual app: screens and widgets that show what the layers below answer."""
