"""Services write; selectors read. Import from the submodules."""
