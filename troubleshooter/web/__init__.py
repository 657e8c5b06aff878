"""The public site: views by page, forms, the guide's address, caching, error pages, JSON."""
