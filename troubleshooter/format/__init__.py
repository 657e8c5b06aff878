"""The rules the models themselves use: field schema, profile grammar, markdown rendering."""
