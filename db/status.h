/* Result codes shared by every layer; app/session.c gives each its Japanese message (kumo_strerror). */
#ifndef KUMO_STATUS_H
#define KUMO_STATUS_H

typedef enum kstatus {
    KS_OK = 0,
    KS_NOTFOUND,     /* no such record */
    KS_CONFLICT,     /* someone else saved the record since it was read */
    KS_BUSY,         /* the database stayed locked past the busy timeout */
    KS_READONLY,     /* the file or its folder cannot be written */
    KS_CORRUPT,      /* not a kumo database, or damaged */
    KS_CONSTRAINT,   /* a uniqueness or reference rule of the schema */
    KS_NOMEM,
    KS_IO,           /* disk full, unreadable file … */
    KS_DENIED,       /* the policy does not allow this user this step */
    KS_INVALID,      /* the input breaks a rule of the form */
    KS_EXISTS,       /* refusing to overwrite */
    KS_TOONEW,       /* made by a newer kumo */
    KS_ERROR,
    KS__COUNT
} kstatus;

#endif
