# Thin wrapper over CMake/CTest. `make demo` and `make test` are the two commands a new user needs.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test bench demo clean format sanitize fuzz

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

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (build type Sanitize, its own folder).
# allocator_may_return_null + max_allocation_size_mb=2048: HDF5's allocations of absurd sizes from corrupt headers
# (4 GB, 17 GB) return null and become HDF5 errors, as when glibc cannot provide them (ASan would otherwise abort, or
# map and poison gigabytes of shadow); a Lantern allocation that large still fails loudly (new throws bad_alloc).
# LeakSanitizer suppressions: tests/sanitizers/lsan.supp.
SANITIZE_DIR ?= build-sanitize
sanitize: deps
	cmake --preset sanitize -B $(SANITIZE_DIR) $(CMAKE_FLAGS)
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	cd $(SANITIZE_DIR) && \
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:allocator_may_return_null=1:max_allocation_size_mb=2048:detect_stack_use_after_return=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp \
	ctest --output-on-failure -j $(JOBS) --timeout 1800

# Coverage-guided fuzzing of every file reader (clang, libFuzzer): FUZZ_SECONDS per target (default 60).
fuzz:
	bash scripts/install-deps.sh --fuzz
	bash scripts/fuzz.sh

format:
	find engine app tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
