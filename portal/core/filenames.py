"""The names of the files paved knows, each defined once.

Standard library only: `workspace.locate` reads it on every command's path.
"""

# The platform workspace.
CONFIG_FILE = "paved.toml"  # its configuration (`workspace.config` reads it)
INDEX_DIR = ".paved"  # its derived data: catalog index, source mirrors, caches
COPIER_FILES = ("copier.yml", "copier.yaml")  # a copier template's configuration
GOLDEN_PATHS_DIR = "golden_paths"
PATH_FILE = "path.yaml"  # paved's metadata of one golden path
QUESTIONS_FILE = "questions.yml"  # a workspace path's copier questions
CHANGELOG_FILE = "CHANGELOG.md"  # the template's (at the root) and the runtime's changes

# An outside template.
COOKIECUTTER_FILE = "cookiecutter.json"

# A project repo.
ANSWERS_FILE = ".copier-answers.yml"  # copier's answers file, unless a template names another
CRUFT_FILE = ".cruft.json"  # cruft's state: a cookiecutter project's template and answers
REPO_CATALOG_FILE = "catalog-info.yaml"  # the repo's own catalog entities (Backstage's name)
INPUTS_FILE = "contracts/inputs.yaml"  # the datasets a consumer reads, pins and columns
# Who owns what in a repo, where GitHub looks for it, in its order.
CODEOWNERS_FILES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
