"""The schema's migrations (Alembic): each revision in versions/ takes a database one
schema version up; models.migrate runs them."""
