"""The item bank: tenants, courses, items with immutable versions, pools and assessment definitions."""
