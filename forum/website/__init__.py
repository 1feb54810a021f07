"""The public website: every page visitors browse, composed from the content apps below it."""
