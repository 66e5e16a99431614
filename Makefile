# X8 — the two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
BUILD_DIR ?= build/release
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
PORT ?= 8080

.PHONY: run test deps build web lint format bench clean

run: deps build web
	@mkdir -p data
	$(BUILD_DIR)/x8 demo
	X8_SERVER_PORT=$(PORT) X8_SERVER_PUBLIC_URL=http://localhost:$(PORT) $(BUILD_DIR)/x8 serve

test: deps build web
	scripts/test

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

web:
	@cd web && if [ ! -f dist/index.html ] || [ -n "$$(find src index.html package-lock.json vite.config.* -newer dist/index.html 2>/dev/null | head -1)" ]; then npm run build; fi

lint: deps
	scripts/lint

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

bench: deps build
	scripts/bench

clean:
	rm -rf build web/dist test-output
