#include "app/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forms/checklist.h"

static gid_t real_gid, priv_gid;
static bool started, holding;
static int user_depth;   /* nesting of priv_user_begin */

void priv_init(void)
{
    real_gid = getgid();
    priv_gid = getegid();
    started = holding = real_gid != priv_gid;
    /* a privileged run reads templates from the installed folder only: no folder of the user's may steer them */
    if (started) checklist_installed_only();
}

bool priv_active(void) { return holding && user_depth == 0; }
bool priv_started(void) { return started; }

void priv_drop(void)
{
    if (!holding) return;
    if (setresgid(real_gid, real_gid, real_gid) != 0 || getegid() != real_gid) {
        /* going on would open the user's file with the group's rights */
        static const char msg[] = "kumo: 権限を放棄できないため終了します\n";
        if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) { /* nothing more to say */ }
        _exit(3);
    }
    holding = false;
}

bool priv_user_begin(void)
{
    if (!holding) return true;
    if (user_depth == 0 && setegid(real_gid) != 0) return false;
    user_depth++;
    return true;
}

void priv_user_end(void)
{
    if (!holding || user_depth == 0) return;
    if (--user_depth == 0 && setegid(priv_gid) != 0) {
        /* keeps the user's group: later database steps fail, nothing is opened with more rights than asked */
        holding = false;
    }
}

kstatus priv_spawn(const char *path, char *const argv[], FILE **to, pid_t *pid)
{
    *to = NULL;
    *pid = -1;
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return KS_IO;
    pid_t c = fork();
    if (c < 0) {
        close(p[0]);
        close(p[1]);
        return KS_IO;
    }
    if (c == 0) {
        /* the child: the user's group for good, then only stdin (the pipe), stdout and stderr */
        if (setresgid(real_gid, real_gid, real_gid) != 0 || getegid() != real_gid || getgid() != real_gid) _exit(127);
        if (dup2(p[0], STDIN_FILENO) < 0) _exit(127);
        closefrom(STDERR_FILENO + 1);
        execv(path, argv);
        _exit(127);
    }
    close(p[0]);
    FILE *fp = fdopen(p[1], "w");
    if (!fp) {
        close(p[1]);
        priv_wait(c);
        return KS_IO;
    }
    *to = fp;
    *pid = c;
    return KS_OK;
}

int priv_wait(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    if (!WIFEXITED(st)) return -1;
    return WEXITSTATUS(st) == 127 ? -1 : WEXITSTATUS(st);
}
