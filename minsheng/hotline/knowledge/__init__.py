"""The knowledge base (知识库): policy answers, procedures and contacts, and the units' reply
templates. Models in ``models``, every change in ``actions``, the search in ``search``."""
