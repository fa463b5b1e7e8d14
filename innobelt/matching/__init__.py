"""Partnership matching: the engine (`engine/`, pure Python) and its Django layer."""
