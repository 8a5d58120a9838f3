"""Regions (GB/T 2260): province, city, county; and which policy applies where."""
