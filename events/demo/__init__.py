"""Demo content: the 2025 programme (`manage.py load_demo`) and synthetic volume (`manage.py generate_programme`).

- content.py: the programme's texts in English, German and Simplified Chinese, and its facts.
- loader.py: writes them idempotently (update_or_create by natural key), drawing pictures only once.
- images.py: the pictures, drawn with Pillow.
- synthetic.py: N templated events with bulk_create, for load tests.
"""
