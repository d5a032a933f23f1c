"""Pure functions over text, no Flask and no database: cleaning, plain text, web addresses, Markdown, search words."""
