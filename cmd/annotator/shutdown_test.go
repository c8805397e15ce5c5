//go:build !wasm && unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMLetsADownloadFinish builds the server, starts a download of
// an 8 MB wasm that the client reads slowly through a small buffer, sends
// SIGTERM halfway, and checks that the server takes no new connection,
// that the download completes whole, and that the server then exits 0.
func TestSIGTERMLetsADownloadFinish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the server")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "annotator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the server: %v\n%s", err, out)
	}
	web := filepath.Join(dir, "web")
	os.Mkdir(web, 0o755)
	wasm := fakeWasm(8<<20, 3)
	if err := os.WriteFile(filepath.Join(web, "app.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	// The loader's worker, which the server needs (see compiledOffMain).
	worker, err := os.ReadFile(filepath.Join("..", "..", compileWorker))
	if err == nil {
		err = os.WriteFile(filepath.Join(web, path.Base(compileWorker)), worker, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-web", web)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	defer func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
		}
	}()
	logs := bufio.NewScanner(stderr)
	var addr string
	for logs.Scan() {
		if m := regexp.MustCompile(`serving http://([^/]+)/`).FindStringSubmatch(logs.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		t.Fatal("the server never said where it serves")
	}
	log := &lockedBuffer{}
	go func() {
		io.Copy(log, stderr)
		exited <- cmd.Wait()
	}()

	// The client's socket buffer is small, so the server cannot hand the
	// whole body to the kernel and be done: it is still writing when the
	// signal comes.
	tr := &http.Transport{DisableCompression: true, DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, a)
		if err == nil {
			c.(*net.TCPConn).SetReadBuffer(64 << 10)
		}
		return c, err
	}}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest("GET", "http://"+addr+"/web/app.wasm", nil)
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got bytes.Buffer
	buf := make([]byte, 32<<10)
	signalled := time.Time{}
	start := time.Now()
	const rate = 4 << 20 // bytes a second
	for {
		n, err := res.Body.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the download broke after %d of %d bytes: %v\n%s", got.Len(), len(wasm), err, log.String())
		}
		if signalled.IsZero() && got.Len() >= 512<<10 {
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			signalled = time.Now()
			// It stops taking connections while the download goes on.
			deadline := time.Now().Add(5 * time.Second)
			for {
				c, err := net.DialTimeout("tcp", addr, time.Second)
				if err != nil {
					break
				}
				c.Close()
				if time.Now().After(deadline) {
					t.Fatal("the server still takes connections 5 s after SIGTERM")
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		if ahead := time.Duration(got.Len())*time.Second/rate - time.Since(start); ahead > 0 {
			time.Sleep(ahead)
		}
	}
	if signalled.IsZero() {
		t.Fatal("the download ended before the signal")
	}
	if !bytes.Equal(got.Bytes(), wasm) {
		t.Fatalf("the download is %d bytes, want the %d of the wasm", got.Len(), len(wasm))
	}
	t.Logf("downloaded %d bytes, %s of them after SIGTERM", got.Len(), time.Since(signalled).Round(time.Millisecond))
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("the server exited with %v\n%s", err, log.String())
		}
	case <-time.After(25 * time.Second):
		t.Fatalf("the server did not exit after the download\n%s", log.String())
	}
}

// lockedBuffer is a buffer one goroutine writes while another reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
