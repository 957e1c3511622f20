"""Reading and writing bank content in files: the course YAML in, the stable JSON export out."""
