"""What staff use: the admin, versioned forms, drafts, history, profile editing, previews."""
