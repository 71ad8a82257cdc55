"""The numeric matching core: CP-SAT over compact arrays; knows nothing about councils."""
