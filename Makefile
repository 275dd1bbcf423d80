# mipsbake: run ./configure first (it writes config.mk)
-include config.mk

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/mipsbake
MANDIR = $(PREFIX)/share/man
NINJA ?= ninja

WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ALL_CFLAGS = $(WARN) -Isrc $(CFLAGS) $(LIBS_CFLAGS) \
	-DMIPSBAKE_DATADIR='"$(DATADIR)"' -DMIPSBAKE_NINJA='"$(NINJA)"'

# the sources, one folder per pipeline stage (see README.md's layout table)
SRC = $(wildcard src/*.c src/*/*.c)
OBJ = $(SRC:src/%.c=build-c/%.o)

all: bin/mipsbake

config.mk:
	@echo "run ./configure first" >&2; exit 1

bin/mipsbake: $(OBJ)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LIBS_LDLIBS)

build-c/%.o: src/%.c config.mk
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJ:.o=.d)

# every test; the last line printed is "N passed, N failed[, N skipped]"
check: bin/mipsbake
	@sh tests/run.sh

# one test: make check-one T=tests/t0100-manifest-errors.sh
check-one: bin/mipsbake
	@sh tests/run.sh $(T)

# the test suite under valgrind (slow)
check-valgrind: bin/mipsbake
	@MIPSBAKE_VALGRIND=1 sh tests/run.sh

# build the bundled example for mips, mipsle, mips64 and mips64le and run it under qemu
example: bin/mipsbake
	@sh tests/example.sh

# the benchmarks of issue 7 (not part of check): BENCH_FLAGS=--quick for a short pass
bench: bin/mipsbake
	@bash bench/run.sh $(BENCH_FLAGS)

install: bin/mipsbake
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	cp bin/mipsbake $(DESTDIR)$(BINDIR)/mipsbake
	cp -R manifests toolchains $(DESTDIR)$(DATADIR)/
	cp man/mipsbake.1 $(DESTDIR)$(MANDIR)/man1/
	cp man/mipsbake-manifest.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mipsbake $(DESTDIR)$(MANDIR)/man1/mipsbake.1 \
		$(DESTDIR)$(MANDIR)/man5/mipsbake-manifest.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build-c bin/mipsbake tests/out

distclean: clean
	rm -f config.mk

.PHONY: all check check-one check-valgrind example bench install uninstall clean distclean
