/* measure: runs a command and prints its wall time and peak resident set (this machine has no
 * /usr/bin/time -v).
 *   measure CMD [ARGS...]   ->  stderr: "wall_s=1.234 maxrss_kib=5678" (the command's own output untouched)
 * The peak is the largest of the command and every descendant it waited for (a shell pipeline's too).
 * Exit status: the command's.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct rusage usage;
    int status;
    double start;
    pid_t pid;

    if (argc < 2) {
        fprintf(stderr, "usage: measure CMD [ARGS...]\n");
        return 2;
    }
    start = now();
    pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("wait4");
        return 1;
    }
    fprintf(stderr, "wall_s=%.3f maxrss_kib=%ld\n", now() - start, usage.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
