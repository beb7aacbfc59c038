#ifndef WEFT_CGLPK_H
#define WEFT_CGLPK_H

#include <glpk.h>

/*
 * Guarded GLPK entry points.
 *
 * GLPK ends the process (abort) after its fatal-error hook returns. Every function here runs one GLPK
 * call under setjmp with a hook that leaves through longjmp, as GLPK's reference manual allows
 * (glp_error_hook); the environment of the calling thread is then freed with glp_free_env, which
 * deletes every problem object of that thread. Each function returns 0 on success and
 * WEFT_GLP_FAULT after such a fault; the fault's text (what GLPK printed) is kept per thread and read
 * with weft_glp_last_fault, and weft_glp_generation tells a caller whether its problem objects were
 * deleted by a fault since it created them.
 */

#define WEFT_GLP_FAULT (-1)

/* Text GLPK printed for the last fatal error on this thread ("" if none). */
const char *weft_glp_last_fault(void);
/* Number of environments freed after faults on this thread. */
unsigned long weft_glp_generation(void);
/* Silences GLPK's terminal on this thread (its text is still captured for fault messages). */
void weft_glp_prepare_thread(void);

int weft_glp_create_prob(glp_prob **out);
int weft_glp_delete_prob(glp_prob *P);
int weft_glp_set_obj_dir(glp_prob *P, int dir);
int weft_glp_add_rows(glp_prob *P, int count);
int weft_glp_add_cols(glp_prob *P, int count);
int weft_glp_set_row_bnds(glp_prob *P, int i, int type, double lb, double ub);
int weft_glp_set_col_bnds(glp_prob *P, int j, int type, double lb, double ub);
int weft_glp_set_obj_coef(glp_prob *P, int j, double coef);
int weft_glp_set_mat_col(glp_prob *P, int j, int len, const int ind[], const double val[]);
int weft_glp_set_mat_row(glp_prob *P, int i, int len, const int ind[], const double val[]);
int weft_glp_set_col_stat(glp_prob *P, int j, int stat);
/* Deletes columns num[1..count] (glp_del_cols); deleting only non-basic columns keeps the basis valid. */
int weft_glp_del_cols(glp_prob *P, int count, const int num[]);
int weft_glp_set_row_stat(glp_prob *P, int i, int stat);
int weft_glp_std_basis(glp_prob *P);
int weft_glp_adv_basis(glp_prob *P);
int weft_glp_scale_prob(glp_prob *P, int flags);
int weft_glp_simplex(glp_prob *P, const glp_smcp *parm, int *ret);
int weft_glp_factorize(glp_prob *P, int *ret);
/* Writes row k of the simplex tableau (glp_eval_tab_row) into ind/val (1-based); *len gets its length. */
int weft_glp_eval_tab_row(glp_prob *P, int k, int ind[], double val[], int *len);
/* Row duals (1..m into out[0..m-1]) and column primal values (1..n into out[0..n-1]). */
int weft_glp_row_duals(glp_prob *P, double out[]);
/* Every row's activity (glp_get_row_prim) into out[0..m-1]. */
int weft_glp_row_prims(glp_prob *P, double out[]);
/* Every column's status (glp_get_col_stat) into out[0..n-1]. */
int weft_glp_col_stats(glp_prob *P, int out[]);
int weft_glp_col_prims(glp_prob *P, double out[]);
int weft_glp_write_lp(glp_prob *P, const char *path, int *ret);
int weft_glp_read_lp(glp_prob *P, const char *path, int *ret);
int weft_glp_read_sol(glp_prob *P, const char *path, int *ret);
int weft_glp_read_ipt(glp_prob *P, const char *path, int *ret);

/*
 * Runs glp_simplex like weft_glp_simplex; when GLPK faults and diagnostics_path is not NULL, first
 * tries (itself guarded) to write the problem as CPLEX LP to that path, then frees the environment.
 * *written is 1 when the file was written.
 */
int weft_glp_simplex_diagnosed(glp_prob *P, const glp_smcp *parm, int *ret, const char *diagnostics_path, int *written);

#endif
