"""The public site as data: which pages exist, what each lists, how links are written.

MkDocs-free like the core: the plugin maps these views to MkDocs files and template
contexts; a successor generator would do the same.
"""
