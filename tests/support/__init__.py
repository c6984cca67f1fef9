"""What the tests (and the load generator, tools/loadtest/) send to the app: the input corpus.

uploads.py      write_upload_cases: a file of every kind a visitor may upload, with what must happen to it
arguments.py    BAD_ARGUMENTS: values out of range and wrong types, with the argument each error must name
"""
