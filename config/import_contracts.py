"""Import-linter contract types the tool lacks (used in pyproject.toml): feature apps meet only
through named modules, and there are no import circles but an app's own services <-> tasks."""

from __future__ import annotations

from typing import Any

from grimp import ImportGraph
from importlinter.application import contract_utils, output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _is_exempt(module: str, exempt: set[str]) -> bool:
    """Test code (a `tests` package, a `conftest`) is not held to the contract."""
    return any(part in exempt for part in module.split("."))


def _option(contract: Contract, name: str) -> Any:
    """An option's parsed value: import-linter sets it on the instance, over the class's field."""
    return vars(contract)[name]


def _ignored_imports_removed(
    contract: Contract, graph: ImportGraph
) -> contract_utils.ImportRemoval:
    return contract_utils.remove_ignored_imports_and_report(
        graph=graph,
        ignore_imports=_option(contract, "ignore_imports"),
        unmatched_alerting=contract_utils.AlertLevel.ERROR,
    )


class NamedModulesContract(Contract):
    """Each of `apps` imports another of them only through one of its `public` modules
    (`<app>.<name>`, or anything inside it when it is a package)."""

    type_name = "named_modules"

    apps = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    exempt = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        removal = _ignored_imports_removed(self, graph)
        apps, public, exempt = (set(_option(self, name)) for name in ("apps", "public", "exempt"))
        illegal: list[str] = []
        for importer in sorted(graph.modules):
            app = importer.split(".")[0]
            if app not in apps or _is_exempt(importer, exempt):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other, _, rest = imported.partition(".")
                if other in apps and other != app and rest.split(".")[0] not in public:
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = ", ".join(str(detail["line_number"]) for detail in details)
                    illegal.append(f"{importer} -> {imported} (l.{lines})")
        return ContractCheck(
            kept=not illegal,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"illegal": illegal},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        public = ", ".join(_option(self, "public"))
        output.print_error(f"Another app's modules other than {public} are imported:", bold=False)
        output.new_line()
        for line in check.metadata["illegal"]:
            output.print_error(f"- {line}", bold=False)
        output.new_line()


class NoCirclesContract(Contract):
    """No two modules import each other, directly or through others, except one app's own
    `services` and `tasks` (a service queues its task, the task calls the service)."""

    type_name = "no_circles"

    exempt = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        removal = _ignored_imports_removed(self, graph)
        exempt = set(_option(self, "exempt"))
        for module in list(graph.modules):
            if _is_exempt(module, exempt):
                graph.remove_module(module)
        circles: list[list[str]] = []
        seen: set[str] = set()
        for module in sorted(graph.modules):
            if module in seen:
                continue
            # The module's strongly connected component: what it reaches that also reaches it.
            circle = {module} | (
                graph.find_upstream_modules(module) & graph.find_downstream_modules(module)
            )
            seen |= circle
            if len(circle) > 1 and not _is_services_tasks_pair(circle):
                circles.append(sorted(circle))
        return ContractCheck(
            kept=not circles,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"circles": circles},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("These modules import each other in a circle:", bold=False)
        output.new_line()
        for circle in check.metadata["circles"]:
            output.print_error(f"- {', '.join(circle)}", bold=False)
        output.new_line()


def _is_services_tasks_pair(circle: set[str]) -> bool:
    parents = {module.rpartition(".")[0] for module in circle}
    names = {module.rpartition(".")[2] for module in circle}
    return len(circle) == 2 and len(parents) == 1 and names == {"services", "tasks"}
