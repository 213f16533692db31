package main

// Tests of deploy/kubernetes: the manifests are decoded strictly (a
// misspelt field fails), checked for the shape an Indexed Job sweep needs,
// and their command lines are run through unconf's real sweep and merge
// flag parsing with each pod's environment, volumes mapped to temporary
// folders. This is the Kubernetes path's test: it does not run a cluster.

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/cmd/unconf/internal/cli"
	"github.com/unconf/unconf/experiments/runner"
)

const manifestDir = "../../deploy/kubernetes"

// The subset of the Kubernetes API the manifests use, with the API's field
// names; decoding with KnownFields rejects anything else.
type (
	k8sObject[S any] struct {
		APIVersion string     `yaml:"apiVersion"`
		Kind       string     `yaml:"kind"`
		Metadata   objectMeta `yaml:"metadata"`
		Spec       S          `yaml:"spec"`
	}
	objectMeta struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	}
	jobSpec struct {
		CompletionMode          string      `yaml:"completionMode"`
		Completions             *int        `yaml:"completions"`
		Parallelism             *int        `yaml:"parallelism"`
		BackoffLimit            *int        `yaml:"backoffLimit"`
		BackoffLimitPerIndex    *int        `yaml:"backoffLimitPerIndex"`
		TTLSecondsAfterFinished *int        `yaml:"ttlSecondsAfterFinished"`
		Template                podTemplate `yaml:"template"`
	}
	podTemplate struct {
		Metadata objectMeta `yaml:"metadata"`
		Spec     podSpec    `yaml:"spec"`
	}
	podSpec struct {
		RestartPolicy   string `yaml:"restartPolicy"`
		SecurityContext *struct {
			RunAsNonRoot *bool `yaml:"runAsNonRoot"`
			RunAsUser    *int  `yaml:"runAsUser"`
			RunAsGroup   *int  `yaml:"runAsGroup"`
			FSGroup      *int  `yaml:"fsGroup"`
		} `yaml:"securityContext"`
		Containers []container `yaml:"containers"`
		Volumes    []volume    `yaml:"volumes"`
	}
	container struct {
		Name    string   `yaml:"name"`
		Image   string   `yaml:"image"`
		Command []string `yaml:"command"`
		Args    []string `yaml:"args"`
		Env     []struct {
			Name  string `yaml:"name"`
			Value string `yaml:"value"`
		} `yaml:"env"`
		Resources    resources `yaml:"resources"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
			ReadOnly  bool   `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
	}
	resources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	}
	volume struct {
		Name      string `yaml:"name"`
		ConfigMap *struct {
			Name string `yaml:"name"`
		} `yaml:"configMap"`
		PersistentVolumeClaim *struct {
			ClaimName string `yaml:"claimName"`
		} `yaml:"persistentVolumeClaim"`
	}
	pvcSpec struct {
		AccessModes      []string  `yaml:"accessModes"`
		Resources        resources `yaml:"resources"`
		StorageClassName *string   `yaml:"storageClassName"`
	}
)

// decodeManifest decodes deploy/kubernetes/name strictly into an object
// whose spec is S and checks its apiVersion and kind.
func decodeManifest[S any](t *testing.T, name, apiVersion, kind string) *k8sObject[S] {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(manifestDir, name))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var obj k8sObject[S]
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var extra any
	if err := dec.Decode(&extra); err != io.EOF {
		t.Fatalf("%s: want one YAML document, found more (%v)", name, err)
	}
	if obj.APIVersion != apiVersion || obj.Kind != kind || obj.Metadata.Name == "" {
		t.Fatalf("%s: apiVersion %q kind %q name %q; want %s %s and a name", name, obj.APIVersion, obj.Kind, obj.Metadata.Name, apiVersion, kind)
	}
	return &obj
}

// mounts maps each volume mount of c's pod to its volume.
func mounts(t *testing.T, name string, pod podSpec, c container) map[string]volume {
	t.Helper()
	m := map[string]volume{}
	for _, vm := range c.VolumeMounts {
		i := slices.IndexFunc(pod.Volumes, func(v volume) bool { return v.Name == vm.Name })
		if i < 0 {
			t.Fatalf("%s: volumeMount %q names no volume of the pod", name, vm.Name)
		}
		if !strings.HasPrefix(vm.MountPath, "/") {
			t.Fatalf("%s: mountPath %q is not absolute", name, vm.MountPath)
		}
		m[vm.MountPath] = pod.Volumes[i]
	}
	return m
}

// under returns the mount path that holds path in the container, or "".
func under(path string, m map[string]volume) string {
	for mp := range m {
		if path == mp || strings.HasPrefix(path, strings.TrimSuffix(mp, "/")+"/") {
			return mp
		}
	}
	return ""
}

// localize rewrites container paths in args onto local folders: each mount
// path becomes root plus the mount path.
func localize(args []string, m map[string]volume, root string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if under(a, m) != "" {
			out[i] = filepath.Join(root, filepath.FromSlash(a))
		}
	}
	return out
}

// testEnv is a CLI environment that discards output.
func testEnv() *cli.Env {
	return &cli.Env{
		Out: io.Discard, Err: io.Discard,
		Now:     func() time.Time { return time.Date(2017, 11, 17, 9, 30, 0, 0, time.UTC) },
		Context: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
	}
}

// clearEngineEnv unsets every variable that picks a shard, so that the
// test sees only the pod's environment (even when run inside a Slurm job).
func clearEngineEnv(t *testing.T) {
	for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
		"SLURM_ARRAY_TASK_MAX", "JOB_COMPLETION_INDEX", runner.EnvShards} {
		t.Setenv(k, "")
	}
}

// unconfContainer checks that job's pod runs one container whose command
// is unconf SUB and returns it.
func unconfContainer(t *testing.T, name string, spec jobSpec, sub string) container {
	t.Helper()
	pod := spec.Template.Spec
	if pod.RestartPolicy != "Never" && pod.RestartPolicy != "OnFailure" {
		t.Errorf("%s: restartPolicy %q: a Job's pods need Never or OnFailure", name, pod.RestartPolicy)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%s: %d containers, want 1", name, len(pod.Containers))
	}
	c := pod.Containers[0]
	if c.Image == "" {
		t.Errorf("%s: container has no image", name)
	}
	if !slices.Equal(c.Command, []string{"unconf"}) || len(c.Args) == 0 || c.Args[0] != sub {
		t.Fatalf("%s: command %q args %q; want [unconf] and args starting with %q", name, c.Command, c.Args, sub)
	}
	if found, _, err := cli.NewRootCmd(testEnv()).Find([]string{sub}); err != nil || found.Name() != sub {
		t.Fatalf("%s: unconf has no %q command", name, sub)
	}
	return c
}

func TestKubernetesManifests(t *testing.T) {
	pvc := decodeManifest[pvcSpec](t, "pvc.yaml", "v1", "PersistentVolumeClaim")
	if pvc.Spec.Resources.Requests["storage"] == "" || len(pvc.Spec.AccessModes) == 0 {
		t.Errorf("pvc.yaml: want accessModes and a storage request, got %+v", pvc.Spec)
	}
	sweepJob := decodeManifest[jobSpec](t, "sweep-job.yaml", "batch/v1", "Job")
	mergeJob := decodeManifest[jobSpec](t, "merge-job.yaml", "batch/v1", "Job")
	fetch := decodeManifest[podSpec](t, "fetch-pod.yaml", "v1", "Pod")

	// The sweep: an Indexed Job of n completions, at most n at a time.
	js := sweepJob.Spec
	if js.CompletionMode != "Indexed" {
		t.Fatalf("sweep-job.yaml: completionMode %q, want Indexed (it sets JOB_COMPLETION_INDEX)", js.CompletionMode)
	}
	if js.Completions == nil || *js.Completions < 1 {
		t.Fatal("sweep-job.yaml: completions must be set: it is the number of shards")
	}
	n := *js.Completions
	if js.Parallelism != nil && (*js.Parallelism < 1 || *js.Parallelism > n) {
		t.Errorf("sweep-job.yaml: parallelism %d: want 1…completions (%d)", *js.Parallelism, n)
	}
	sc := unconfContainer(t, "sweep-job.yaml", js, "sweep")
	podEnv := map[string]string{}
	for _, e := range sc.Env {
		if e.Name != runner.EnvShards {
			t.Errorf("sweep-job.yaml: env %s: unconf reads only %s from a pod's environment", e.Name, runner.EnvShards)
		}
		podEnv[e.Name] = e.Value
	}
	if got, err := strconv.Atoi(podEnv[runner.EnvShards]); err != nil || got != n {
		t.Errorf("sweep-job.yaml: %s=%q, want completions (%d)", runner.EnvShards, podEnv[runner.EnvShards], n)
	}

	// Volumes: the spec from a ConfigMap, the outputs on the claim.
	sm := mounts(t, "sweep-job.yaml", js.Template.Spec, sc)
	specPath := sc.Args[1]
	if v := sm[under(specPath, sm)]; v.ConfigMap == nil {
		t.Errorf("sweep-job.yaml: spec %s is not on a ConfigMap volume", specPath)
	}
	i := slices.Index(sc.Args, "--out")
	if i < 0 || i+1 >= len(sc.Args) {
		t.Fatalf("sweep-job.yaml: args %q: shards need --out", sc.Args)
	}
	outPath := sc.Args[i+1]
	outVol := sm[under(outPath, sm)]
	if outVol.PersistentVolumeClaim == nil || outVol.PersistentVolumeClaim.ClaimName != pvc.Metadata.Name {
		t.Errorf("sweep-job.yaml: --out %s is not on the claim %s of pvc.yaml", outPath, pvc.Metadata.Name)
	}

	// Run the real flag parsing as every pod would: shard i of n, into the
	// shared folder, with as many workers as CPUs requested.
	root := t.TempDir()
	spec, err := os.ReadFile("../../configs/sweeps/ci.yaml")
	if err != nil {
		t.Fatal(err)
	}
	localSpec := filepath.Join(root, filepath.FromSlash(specPath))
	if err := os.MkdirAll(filepath.Dir(localSpec), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(localSpec, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	localOut := filepath.Join(root, filepath.FromSlash(outPath))
	args := localize(sc.Args[1:], sm, root)
	for _, idx := range []int{0, n / 2, n - 1} {
		t.Run("pod"+strconv.Itoa(idx), func(t *testing.T) {
			clearEngineEnv(t)
			for k, v := range podEnv {
				t.Setenv(k, v)
			}
			t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(idx))
			var got *cli.SweepOptions
			cmd := cli.NewSweepCmd(testEnv(), func(_ context.Context, o *cli.SweepOptions) error { got = o; return nil })
			cmd.SetArgs(args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			if err := cmd.Execute(); err != nil {
				t.Fatalf("unconf sweep %q: %v", args, err)
			}
			if want := (runner.Shard{Index: idx, Count: n}); got.Shard != want || !strings.Contains(got.ShardSource, "JOB_COMPLETION_INDEX") {
				t.Errorf("shard %v from %q, want %v from JOB_COMPLETION_INDEX", got.Shard, got.ShardSource, want)
			}
			if got.OutDir != localOut {
				t.Errorf("out %s, want %s", got.OutDir, localOut)
			}
			if cpu := sc.Resources.Requests["cpu"]; cpu != "" && strconv.Itoa(got.Workers) != cpu {
				t.Errorf("--workers %d but the pod requests %s CPUs", got.Workers, cpu)
			}
		})
	}

	// The merge: a plain Job reading the folder the shards wrote, on the
	// same claim, with the same image.
	ms := mergeJob.Spec
	if ms.CompletionMode == "Indexed" || (ms.Completions != nil && *ms.Completions != 1) {
		t.Errorf("merge-job.yaml: want one pod, got completionMode %q completions %v", ms.CompletionMode, ms.Completions)
	}
	mc := unconfContainer(t, "merge-job.yaml", ms, "merge")
	if mc.Image != sc.Image {
		t.Errorf("merge-job.yaml: image %s, sweep's %s: merge refuses parts of another unconf version", mc.Image, sc.Image)
	}
	mm := mounts(t, "merge-job.yaml", ms.Template.Spec, mc)
	for _, a := range mc.Args[1:] {
		if mp := under(a, mm); mp != "" {
			if v := mm[mp]; v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != pvc.Metadata.Name {
				t.Errorf("merge-job.yaml: %s is not on the claim %s", a, pvc.Metadata.Name)
			}
		}
	}
	clearEngineEnv(t)
	var merged *cli.MergeOptions
	cmd := cli.NewMergeCmd(testEnv(), func(_ context.Context, o *cli.MergeOptions) error { merged = o; return nil })
	margs := localize(mc.Args[1:], mm, root)
	cmd.SetArgs(margs)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("unconf merge %q: %v", margs, err)
	}
	if !slices.Equal(merged.Dirs, []string{localOut}) {
		t.Errorf("merge reads %q, want the sweep's --out %s", merged.Dirs, localOut)
	}

	// The fetch pod sees the outputs.
	fc := fetch.Spec.Containers
	if len(fc) != 1 {
		t.Fatalf("fetch-pod.yaml: %d containers, want 1", len(fc))
	}
	fm := mounts(t, "fetch-pod.yaml", fetch.Spec, fc[0])
	if v := fm[under(outPath, fm)]; v.PersistentVolumeClaim == nil || v.PersistentVolumeClaim.ClaimName != pvc.Metadata.Name {
		t.Errorf("fetch-pod.yaml: does not mount %s from the claim %s", outPath, pvc.Metadata.Name)
	}
}

// TestDockerfile checks that the image puts the unconf binary where the
// manifests' command ["unconf"] finds it.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(manifestDir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{"go build", "./cmd/unconf", "COPY --from=build /unconf /usr/local/bin/unconf"} {
		if !strings.Contains(s, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}
