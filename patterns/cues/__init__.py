# Data package: pattern packs (YAML) read with importlib.resources.
