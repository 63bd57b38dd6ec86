"""fieldsales: CRM exports in, the twenty practices of off-site sales management out."""

from importlib.metadata import PackageNotFoundError, version

from .exceptions import FieldsalesError
from .workspace import Workspace, open_workspace

try:
    __version__ = version("fieldsales")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["FieldsalesError", "Workspace", "open_workspace", "__version__"]
