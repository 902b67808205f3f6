"""经费 tab: the chapter's own books."""
