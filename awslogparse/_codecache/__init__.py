"""Code the parsers generate, as ``make mapping`` found it while reading every sample
(see awslogparse/codegen.py): each module's text is one generated source, named by a
checksum of it, compiled to byte code like any module so that a first parse loads it
instead of compiling. Do not edit: regenerate."""
