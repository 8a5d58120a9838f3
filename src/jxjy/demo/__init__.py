"""Demo data: four cities under their own policies, 300+ learners with several years of
records that show the cases the regulations care about, and one account per role.

`jxjy.demo.data.load` seeds it; `jxjy demo` prints the accounts. Every name, ID number and
credit code in it is made up (valid by their check digits, but nobody's).
"""
