# Thin wrapper over CMake/CTest. `make demo` and `make test` are the two commands a new user needs.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test bench demo clean format

all: build

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake --preset release -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900

bench: build
	bash bench/run-bench.sh $(BUILD_DIR)

demo: build
	bash scripts/demo.sh $(BUILD_DIR)

format:
	find engine app tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
