"""Django settings, URLs and WSGI for the JXJY platform."""
