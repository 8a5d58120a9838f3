"""Server-rendered pages, zh-hans first: one module of views per audience."""
