"""What the product does, without HTTP: accounts, keys, tokens, usage, rendering."""
