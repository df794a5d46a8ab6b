"""`./dev bench`: how fast the public pages and the registration rush are, measured the same way each time.

Not part of the site and never run by the tests' clock: CI checks that the pieces work, not how fast they are.
"""
