"""One copier question as a form field: its label, a control for its type, its help
text and, when the answer does not pass its checks, the error right below it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, Switch

from ...core.golden_paths.models import Question

_INPUT_TYPES = {"int": "integer", "float": "number"}


class QuestionField(Vertical):
    """A field for `question`, starting at `value`.

    The control is a Select for a question with choices, a Switch for a bool, and an
    Input otherwise. `edited` tells whether the user changed the value since paved
    last set it, so defaults that depend on other answers follow them until then.
    """

    DEFAULT_CSS = """
    QuestionField { height: auto; margin-bottom: 1; }
    QuestionField > .question-label { text-style: bold; }
    QuestionField > .question-help { color: $text-muted; }
    QuestionField > .question-error { color: $text-error; display: none; }
    QuestionField.-invalid > .question-error { display: block; }
    QuestionField > Input, QuestionField > Select { margin-top: 1; }
    """

    class _FieldMessage(Message):
        def __init__(self, field: QuestionField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> QuestionField:
            return self.field

    class Changed(_FieldMessage):
        """The user (or paved, filling a default) changed the field's value."""

    class Left(_FieldMessage):
        """Focus left the field's control: time to check it."""

    def __init__(self, question: Question, value: Any, *, label: str | None = None) -> None:
        super().__init__(id=f"field-{question.name}")
        self.question = question
        self._initial = value
        self._set_by_paved = value
        self._label = label or question.name.replace("_", " ").capitalize()
        self.error = ""

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="question-label", markup=False)
        if self.question.help:
            yield Static(self.question.help, classes="question-help", markup=False)
        yield self._control()
        yield Static("", classes="question-error", markup=False)

    def _control(self) -> Widget:
        question, value = self.question, self._initial
        control_id = f"answer-{question.name}"
        if question.choices:
            options = [(label, choice) for label, choice in question.choices.items()]
            known = [choice for _, choice in options]
            return Select(
                options,
                value=value if value in known else known[0],
                allow_blank=False,
                compact=True,
                id=control_id,
            )
        if question.type == "bool":
            return Switch(value=bool(value), id=control_id)
        return Input(
            value="" if value is None else str(value),
            type=_INPUT_TYPES.get(question.type, "text"),
            password=question.secret,
            compact=True,
            id=control_id,
        )

    @property
    def control(self) -> Widget:
        return self.query_one(f"#answer-{self.question.name}")

    @property
    def value(self) -> Any:
        """The answer as the control holds it (an Input's text, a Switch's bool...)."""
        control = self.control
        if isinstance(control, Input | Switch | Select):
            return control.value
        raise TypeError(f"unexpected control {control!r}")

    @property
    def edited(self) -> bool:
        return self.value != self._set_by_paved

    def set_value(self, value: Any) -> None:
        """Fill the field on paved's behalf (a default); it does not count as an edit."""
        control = self.control
        shown = (
            value if isinstance(control, Switch | Select) else ("" if value is None else str(value))
        )
        self._set_by_paved = shown
        if control.value != shown:  # type: ignore[attr-defined]
            control.value = shown  # type: ignore[attr-defined]

    def show_error(self, text: str | None) -> None:
        """Show `text` right below the control, or clear the error with None."""
        self.error = text or ""
        self.query_one(".question-error", Static).update(self.error)
        self.set_class(bool(self.error), "-invalid")

    def focus_control(self, scroll_visible: bool = True) -> None:
        self.control.focus(scroll_visible=scroll_visible)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self.post_message(self.Left(self))
