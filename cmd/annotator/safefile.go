//go:build !wasm

package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"

	"annotator/annotations"
)

// Reading: every input is read through a reader that stops one byte past
// annotations.MaxFileSize, so no input (/dev/zero, an endless pipe) can
// make the program grow without bound. A file named on the command line
// must be a regular file: a FIFO, a socket or a device is refused without
// being read (opening a FIFO nobody writes to would wait forever). A
// stream is read from standard input, named "-".

// stdinName is how standard input is named in messages.
const stdinName = "standard input"

// errTooLarge is the error for an input over annotations.MaxFileSize.
var errTooLarge = fmt.Errorf("larger than %d MB, the most the app reads", annotations.MaxFileSize>>20)

// displayName is how an argument is named in messages.
func displayName(name string) string {
	if name == "-" {
		return stdinName
	}
	return name
}

// readInput reads the file name, or stdin for "-", whole.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return readBounded(stdin, 0)
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil, plainError(err)
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	if st.Size() > annotations.MaxFileSize {
		return nil, errTooLarge
	}
	// O_NONBLOCK: should the file be swapped for a FIFO after the Stat,
	// opening it does not wait for a writer; the check below refuses it.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, plainError(err)
	}
	defer f.Close()
	st, err = f.Stat()
	if err != nil {
		return nil, plainError(err)
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	return readBounded(f, st.Size())
}

// regular refuses what is not a regular file.
func regular(st fs.FileInfo) error {
	switch {
	case st.IsDir():
		return errors.New("a folder, not a file")
	case !st.Mode().IsRegular():
		return errors.New("not a regular file (a FIFO, socket or device); to read a stream, pipe it to standard input and name the file -")
	}
	return nil
}

// readBounded reads r to its end, or fails with errTooLarge past
// annotations.MaxFileSize bytes. size is what the file is expected to hold.
func readBounded(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, min(max(size, 512), annotations.MaxFileSize)+1)
	b, err := readAllInto(io.LimitReader(r, annotations.MaxFileSize+1), b)
	if err != nil {
		return nil, plainError(err)
	}
	if len(b) > annotations.MaxFileSize {
		return nil, errTooLarge
	}
	return b, nil
}

func readAllInto(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// plainError drops the operation and path from an os error: messages
// already start with the file's name.
func plainError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Writing: writeFile replaces a file the way an editor's safe save does.
//
//  1. The destination must be a regular file or not exist. A symbolic
//     link is refused, naming what it points to: following it would let
//     anyone who can plant a link where the output goes (a shared folder,
//     /tmp) have the program overwrite any file its user can write, and
//     replacing it would silently turn the user's link into a file.
//  2. The data goes to a new temporary file in the destination's folder,
//     created with a random name and O_EXCL (os.CreateTemp), so nothing
//     planted beside the destination is followed or reused.
//  3. The temporary file gets the destination's permissions (a 0600 file
//     stays 0600; a new file gets 0644 less the umask), is written,
//     synced to disk, closed and checked (merge reads it back as the app
//     would).
//  4. It is renamed over the destination, and the folder is synced so the
//     rename survives a crash.
//
// On any failure, and on SIGINT, SIGTERM or SIGHUP while this runs, the
// temporary file is removed and the destination is left as it was. (A
// SIGKILL cannot be caught: it leaves a file named .NAME.*.tmp.)
func writeFile(path string, data []byte, check func(tmp string) error) error {
	mode := fs.FileMode(0o644) &^ umask()
	switch st, err := os.Lstat(path); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return plainError(err)
	case st.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		return fmt.Errorf("a symbolic link (to %s); it is not followed: name the file it points to with -o to write there", target)
	case st.IsDir():
		return errors.New("a folder; name a file to write to")
	case !st.Mode().IsRegular():
		return errors.New("not a regular file; leave out -o (or give -o -) to write to standard output")
	default:
		mode = st.Mode().Perm()
	}

	// Removing the temporary file on a signal and renaming it exclude each
	// other: a signal after the rename removes nothing.
	var mu sync.Mutex
	name, done := "", false
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	stop := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			mu.Lock()
			if name != "" && !done {
				os.Remove(name)
			}
			fmt.Fprintf(os.Stderr, "annotator: stopped by %v; %s was not written\n", s, termText(path, nil))
			os.Exit(1)
		case <-stop:
		}
	}()
	defer func() {
		signal.Stop(sig)
		close(stop)
	}()

	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mu.Lock()
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err == nil {
		name = tmp.Name()
	}
	mu.Unlock()
	if err != nil {
		return plainError(err)
	}

	fail := func(err error) error {
		tmp.Close()
		mu.Lock()
		os.Remove(name)
		done = true
		mu.Unlock()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(plainError(err))
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(plainError(err))
	}
	if err := tmp.Sync(); err != nil {
		return fail(plainError(err))
	}
	if err := tmp.Close(); err != nil {
		return fail(plainError(err))
	}
	if check != nil {
		if err := check(name); err != nil {
			return fail(err)
		}
	}
	mu.Lock()
	err = os.Rename(name, path)
	if err != nil {
		os.Remove(name)
	}
	done = true
	mu.Unlock()
	if err != nil {
		return plainError(err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("written, but its folder could not be synced, so the new file may not survive a crash: %v", plainError(err))
	}
	return nil
}

// syncDir syncs a folder. File systems that cannot (EINVAL) are let be.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return err
	}
	return nil
}
