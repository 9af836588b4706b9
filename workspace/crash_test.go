package workspace

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The crash test runs the server in a child process: the test binary
// started again with these variables set.
const (
	childDBEnv  = "CUSTIMPORT_WORKSPACE_CHILD_DB"
	childKeyEnv = "CUSTIMPORT_WORKSPACE_CHILD_KEY"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(childDBEnv); path != "" {
		runChildServer(path, os.Getenv(childKeyEnv))
	}
	os.Exit(m.Run())
}

// runChildServer serves the workspace at path and prints its URL, then
// waits to be killed.
func runChildServer(path, key string) {
	r, err := Start(context.Background(), Options{DBPath: path, APIKey: key})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(r.URL)
	select {}
}

func TestKilledServerKeepsCommittedCustomers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "workspace.db")
	const key = "lin_api_childKEYchildKEY0123456789"
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childDBEnv+"="+path, childKeyEnv+"="+key)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("child printed no URL: %v", err)
	}
	c := &client{url: line[:len(line)-1], auth: key, http: newClient(&Running{}).http}

	// Writers create customers until the child dies; each records the ids
	// whose create request got a successful response.
	requireLinearValid(t, createDoc)
	var confirmed sync.Map
	var created atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := testUUID(w*1_000_000 + i)
				res, err := c.send(createDoc, map[string]any{"input": map[string]any{"id": id, "name": id}})
				if err != nil {
					return
				}
				if len(res.Errors) == 0 {
					confirmed.Store(id, true)
					created.Add(1)
				}
			}
		})
	}
	for created.Load() < 200 {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed = true
	cmd.Wait()
	close(stop)
	wg.Wait()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	ids := map[string]bool{}
	list, err := s.ListCustomers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, cu := range list {
		ids[cu.ID] = true
	}
	missing := 0
	confirmed.Range(func(id, _ any) bool {
		if !ids[id.(string)] {
			missing++
		}
		return true
	})
	if missing > 0 {
		t.Errorf("%d confirmed creates are missing after the kill", missing)
	}
	t.Logf("confirmed creates: %d, stored: %d", created.Load(), len(list))
}
