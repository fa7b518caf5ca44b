"""The config file: defaults, every key, bad input at its line, and the one line tutor writes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tutor.config import (
    ConfigError,
    ReviewSettings,
    default_config_path,
    load_config,
    save_model,
)
from tutor.llm import LLMSettings


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


def test_defaults_without_a_file(config: Path) -> None:
    loaded = load_config(config)
    assert loaded.llm == LLMSettings() and loaded.problems == []
    assert loaded.review == ReviewSettings(desired_retention=0.9, new_per_day=20)
    assert not config.exists()


def test_default_path_honours_xdg(tmp_path: Path) -> None:
    # the autouse fixture points XDG_CONFIG_HOME into tmp_path
    assert default_config_path() == tmp_path / "user" / "xdg_config_home" / "tutor" / "config.toml"


def test_every_key(config: Path) -> None:
    config.write_text(
        '[grading]\nllm = false\nmodel = "qwen2.5"\nhost = "http://box:11434"\n'
        "timeout = 30\nfirst_token_timeout = 7.5\n"
    )
    assert load_config(config).llm == LLMSettings(
        enabled=False,
        model="qwen2.5",
        host="http://box:11434",
        timeout=30.0,
        first_token_timeout=7.5,
    )


def test_review_keys(config: Path) -> None:
    config.write_text("[review]\ndesired_retention = 0.85\nnew_per_day = 0\n")
    loaded = load_config(config)
    assert loaded.review == ReviewSettings(desired_retention=0.85, new_per_day=0)
    assert loaded.problems == [] and loaded.llm == LLMSettings()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "desired_retention = 0.5",
            "`desired_retention` must be a number from 0.7 to 0.99; using 0.9",
        ),
        (
            "desired_retention = 1",
            "`desired_retention` must be a number from 0.7 to 0.99; using 0.9",
        ),
        ('desired_retention = "high"', "`desired_retention` must be a number from 0.7 to 0.99"),
        ("new_per_day = 20.5", "`new_per_day` must be a whole number from 0 to 1000; using 20"),
        ("new_per_day = -1", "`new_per_day` must be a whole number from 0 to 1000; using 20"),
        ("new_per_day = true", "`new_per_day` must be a whole number from 0 to 1000; using 20"),
        ("new_per_dya = 5", "unknown key `new_per_dya` in [review]; did you mean `new_per_day`?"),
    ],
)
def test_bad_review_keys_keep_their_defaults(config: Path, line: str, problem: str) -> None:
    config.write_text(f"# review\n[review]\n{line}\n")
    loaded = load_config(config)
    assert loaded.review == ReviewSettings()
    (reported,) = loaded.problems
    assert reported.startswith(f"{config}:3: {problem}")


def test_review_key_outside_its_table(config: Path) -> None:
    config.write_text("new_per_day = 5\n[grading]\nllm = false\n")
    loaded = load_config(config)
    assert loaded.problems == [f"{config}:1: `new_per_day` belongs under a [review] line"]
    assert loaded.review == ReviewSettings() and not loaded.llm.enabled


def test_empty_host_means_the_client_default(config: Path) -> None:
    config.write_text('[grading]\nhost = ""\n')
    assert load_config(config).llm.host is None


def test_flags_override_the_file(config: Path) -> None:
    config.write_text('[grading]\nmodel = "mistral"\n')
    loaded = load_config(config, model="gemma2", no_llm=True)
    assert (loaded.llm.model, loaded.llm.enabled) == ("gemma2", False)


def test_bad_keys_keep_their_defaults_and_name_their_line(config: Path) -> None:
    config.write_text(
        '# mine\n[grading]\nmodel = "mistral"\ntimeout = "soon"\nllm = 1\nmodle = "x"\n\n[reveiw]\n'
        "\n[stats]\n"
    )
    loaded = load_config(config)
    assert loaded.llm == LLMSettings(model="mistral")
    assert loaded.problems == [
        f"{config}:4: `timeout` must be a number of seconds between 0 and 3600; using 45.0",
        f"{config}:5: `llm` must be true or false; using True",
        f"{config}:6: unknown key `modle` in [grading]; did you mean `model`?",
        f"{config}:8: unknown table `reveiw`; did you mean `review`?",
        f"{config}:10: unknown table `stats` (known: grading, review, display)",
    ]


def test_quoted_dotted_and_inline_keys_are_named_at_their_line(config: Path) -> None:
    config.write_text(
        '["grading"]\n"llm" = "yes"\n\n[display]\n\'ascii\' = 2\n'
        "review.new_per_day = -3\n"  # under [display]: display.review.new_per_day
        '\n[other.""]\nx = 1\n\n[[review.list]]\n'
    )
    top = config.with_name("top.toml")
    top.write_text('grading.timeout = -1\nreview = { desired_retention = 2 }\n"x y" = 1\n')
    assert load_config(config).problems == [
        f"{config}:2: `llm` must be true or false; using True",
        f"{config}:5: `ascii` must be true or false; using None",
        f"{config}:6: unknown key `review` in [display] (known: ascii)",
        f"{config}:8: unknown table `other` (known: grading, review, display)",
        f"{config}:11: unknown key `list` in [review] (known: desired_retention, new_per_day)",
    ]
    assert load_config(top).problems == [
        f"{top}:1: `timeout` must be a number of seconds between 0 and 3600; using 45.0",
        f"{top}:2: `desired_retention` must be a number from 0.7 to 0.99; using 0.9",
        f"{top}:3: unknown table `x y` (known: grading, review, display)",
    ]


def test_key_outside_its_table(config: Path) -> None:
    config.write_text('model = "mistral"\n')
    assert load_config(config).problems == [f"{config}:1: `model` belongs under a [grading] line"]


def test_syntax_error_uses_defaults(config: Path) -> None:
    config.write_text('[grading]\nmodel = "unclosed\n')
    loaded = load_config(config)
    assert loaded.llm == LLMSettings()
    assert loaded.problems[0].startswith(f"{config}:2: TOML syntax error")
    assert loaded.problems[0].endswith("using the defaults")


def test_save_model_changes_only_that_value(config: Path) -> None:
    original = (
        '# my settings\n[grading]\nllm = true  # keep\nmodel = "mistral"  # old\ntimeout = 30\n'
    )
    config.write_text(original)
    save_model("qwen2.5:7b", config)
    assert config.read_text() == original.replace('"mistral"', '"qwen2.5:7b"')
    assert load_config(config).llm.model == "qwen2.5:7b"


LAYOUTS = {
    "dotted key": ('grading.model = "x"  # mine\n', 'grading.model = "gemma2"  # mine\n'),
    "dotted key, other key": (
        "grading.llm = true # on\n",
        'grading.llm = true # on\ngrading.model = "gemma2"\n',
    ),
    "inline table": (
        'grading = { model = "x", timeout = 9 } # c\n',
        'grading = { model = "gemma2", timeout = 9 } # c\n',
    ),
    "quoted header": (
        '["grading"] # the grader\nmodel = "x" # keep\nllm = true\n',
        '["grading"] # the grader\nmodel = "gemma2" # keep\nllm = true\n',
    ),
    "header with spaces": ('[ grading ]\n  model = "x"\n', '[ grading ]\n  model = "gemma2"\n'),
    "another table only": (
        "# hi\n[review]\nnew_per_day = 5 # five\n",
        '# hi\n[review]\nnew_per_day = 5 # five\n\n[grading]\nmodel = "gemma2"\n',
    ),
    "sub-table after": (
        "[grading]\nllm = true\n[grading.extra]\nx = 1\n",
        '[grading]\nllm = true\nmodel = "gemma2"\n\n[grading.extra]\nx = 1\n',
    ),
}


@pytest.mark.parametrize(("before", "after"), LAYOUTS.values(), ids=LAYOUTS.keys())
def test_save_model_keeps_every_valid_layout_valid(config: Path, before: str, after: str) -> None:
    config.write_text(before)
    save_model("gemma2", config)
    assert config.read_text() == after
    assert tomllib.loads(after)["grading"]["model"] == "gemma2"
    assert load_config(config).llm.model == "gemma2"


def test_save_model_refuses_a_grading_key_that_is_not_a_table(config: Path) -> None:
    config.write_text('grading = "llama"\n')
    with pytest.raises(ConfigError, match="`grading` is not a table"):
        save_model("x", config)
    assert config.read_text() == 'grading = "llama"\n'


def test_save_model_adds_the_line_where_missing(config: Path) -> None:
    config.write_text("[grading]\ntimeout = 30\n")
    save_model("gemma2", config)
    assert tomllib.loads(config.read_text())["grading"] == {"model": "gemma2", "timeout": 30}
    other = config.with_name("other.toml")
    other.write_text("# nothing yet\n")
    save_model("gemma2", other)
    assert tomllib.loads(other.read_text()) == {"grading": {"model": "gemma2"}}


def test_save_model_creates_a_commented_file(config: Path) -> None:
    save_model("llama3.2", config)
    text = config.read_text()
    assert text.startswith("# tutor settings.") and "# timeout = 45" in text
    assert "[review]\n# desired_retention = 0.9" in text and "# new_per_day = 20" in text
    loaded = load_config(config)
    assert loaded.llm == LLMSettings(model="llama3.2") and loaded.problems == []


def test_save_model_refuses_to_touch_a_broken_file(config: Path) -> None:
    config.write_text("[grading\n")
    with pytest.raises(ConfigError, match="TOML syntax error"):
        save_model("x", config)
    assert config.read_text() == "[grading\n"


def test_nesting_past_the_parsers_depth_uses_defaults(config: Path) -> None:
    config.write_text("[grading]\nx = " + "[" * 2000 + "]" * 2000 + "\n")
    loaded = load_config(config)
    assert loaded.llm == LLMSettings()
    assert loaded.problems == [
        f"{config}: values nested too deeply (arrays or tables inside each other);"
        " using the defaults"
    ]


def test_a_grading_table_or_model_flag_means_a_model_was_asked_for(config: Path) -> None:
    assert not load_config(config).asked_for_model  # no file: never set up
    assert load_config(config, model="mistral").asked_for_model
    config.write_text("[review]\nnew_per_day = 10\n")
    assert not load_config(config).asked_for_model
    config.write_text('[grading]\nmodel = "qwen2.5"\n')
    assert load_config(config).asked_for_model
