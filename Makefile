# The two commands a newcomer runs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
DEMO_STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench docs mapping clean forwarder-zip forwarder-layer

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime install for the demo: the package with its arrow extra.
$(DEMO_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[arrow]'
	touch $@

# Dev install: everything the suite and the benchmarks need.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/python -m awslogparse.demo samples out

test: $(STAMP)
	$(BIN)/ruff check awslogparse tests bench examples
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check awslogparse tests bench examples

# VPC flow logs and filter patterns (docs/benchmarks.md), then ALB and CloudFront against
# aws-log-parser (docs/benchmarks_http.md), then CloudTrail and CloudWatch Logs against DuckDB
# and aws-lambda-powertools (docs/benchmarks_json.md), the Lambda, conversion and service log
# pages, and reading ahead against S3's latency (docs/benchmarks_s3.md).
bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.http_bench
	$(BIN)/python -m bench.json_bench
	$(BIN)/python -m bench.lambda_bench
	$(BIN)/python -m bench.convert_bench
	$(BIN)/python -m bench.service_bench
	$(BIN)/python -m bench.s3_latency_bench

docs: $(STAMP)
	$(BIN)/python -m awslogparse.docgen docs/formats

# The built-in format table (awslogparse/_mapping.py), generated from formats/*.toml.
mapping: $(STAMP)
	$(BIN)/python -m awslogparse.mapgen

# The Lambda forwarder's deployment packages (examples/lambda_forwarder/README.md): the function
# zip without pyarrow, and a layer with it for Parquet output. They download wheels for Lambda's
# platform, so they are not part of `make test` (which builds the function zip offline).
forwarder-zip: $(BIN)/python
	$(BIN)/python examples/lambda_forwarder/build.py function dist/forwarder.zip

forwarder-layer: $(BIN)/python
	$(BIN)/python examples/lambda_forwarder/build.py layer dist/forwarder-layer.zip

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
