"""Services write the register; selectors read it. Import from the submodules."""
