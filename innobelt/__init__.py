"""innobelt: the open-innovation platform of the Shanghai–Nanjing Industrial Innovation Belt."""
