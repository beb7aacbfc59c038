#include "CGLPK.h"

#include <setjmp.h>
#include <string.h>

static _Thread_local jmp_buf *current_guard;
static _Thread_local char fault_text[2048];
static _Thread_local size_t fault_length;
static _Thread_local char last_fault[2048];
static _Thread_local unsigned long generation;

static void error_hook(void *info)
{
    (void)info;
    if (current_guard != NULL)
        longjmp(*current_guard, 1);
}

/* Keeps the tail of what GLPK prints, so a fault can say what went wrong; prints nothing. */
static int term_hook(void *info, const char *text)
{
    (void)info;
    size_t length = strlen(text);
    if (length >= sizeof fault_text)
    {
        text += length - (sizeof fault_text - 1);
        length = sizeof fault_text - 1;
    }
    if (fault_length + length >= sizeof fault_text)
    {
        size_t keep = sizeof fault_text - 1 - length;
        memmove(fault_text, fault_text + fault_length - keep, keep);
        fault_length = keep;
    }
    memcpy(fault_text + fault_length, text, length);
    fault_length += length;
    fault_text[fault_length] = '\0';
    return 1;
}

void weft_glp_prepare_thread(void)
{
    glp_term_out(GLP_OFF);
    glp_term_hook(term_hook, NULL);
    glp_error_hook(error_hook, NULL);
}

const char *weft_glp_last_fault(void) { return last_fault; }

unsigned long weft_glp_generation(void) { return generation; }

static void recover(void)
{
    current_guard = NULL;
    memcpy(last_fault, fault_text, fault_length + 1);
    fault_length = 0;
    fault_text[0] = '\0';
    glp_free_env();
    generation++;
}

/* Runs STATEMENT with the fault guard; returns WEFT_GLP_FAULT from the caller after a fault. */
#define GUARDED(STATEMENT)                                   \
    do {                                                     \
        jmp_buf guard;                                       \
        if (setjmp(guard) != 0)                              \
        {                                                    \
            recover();                                       \
            return WEFT_GLP_FAULT;                           \
        }                                                    \
        fault_length = 0;                                    \
        fault_text[0] = '\0';                                \
        weft_glp_prepare_thread();                           \
        current_guard = &guard;                              \
        STATEMENT;                                           \
        current_guard = NULL;                                \
        return 0;                                            \
    } while (0)

int weft_glp_create_prob(glp_prob **out) { GUARDED(*out = glp_create_prob()); }
int weft_glp_delete_prob(glp_prob *P) { GUARDED(glp_delete_prob(P)); }
int weft_glp_set_obj_dir(glp_prob *P, int dir) { GUARDED(glp_set_obj_dir(P, dir)); }
int weft_glp_add_rows(glp_prob *P, int count) { GUARDED(glp_add_rows(P, count)); }
int weft_glp_add_cols(glp_prob *P, int count) { GUARDED(glp_add_cols(P, count)); }
int weft_glp_set_row_bnds(glp_prob *P, int i, int type, double lb, double ub) { GUARDED(glp_set_row_bnds(P, i, type, lb, ub)); }
int weft_glp_set_col_bnds(glp_prob *P, int j, int type, double lb, double ub) { GUARDED(glp_set_col_bnds(P, j, type, lb, ub)); }
int weft_glp_set_obj_coef(glp_prob *P, int j, double coef) { GUARDED(glp_set_obj_coef(P, j, coef)); }
int weft_glp_set_mat_col(glp_prob *P, int j, int len, const int ind[], const double val[]) { GUARDED(glp_set_mat_col(P, j, len, ind, val)); }
int weft_glp_set_mat_row(glp_prob *P, int i, int len, const int ind[], const double val[]) { GUARDED(glp_set_mat_row(P, i, len, ind, val)); }
int weft_glp_set_col_stat(glp_prob *P, int j, int stat) { GUARDED(glp_set_col_stat(P, j, stat)); }
int weft_glp_del_cols(glp_prob *P, int count, const int num[]) { GUARDED(glp_del_cols(P, count, num)); }
int weft_glp_set_row_stat(glp_prob *P, int i, int stat) { GUARDED(glp_set_row_stat(P, i, stat)); }
int weft_glp_std_basis(glp_prob *P) { GUARDED(glp_std_basis(P)); }
int weft_glp_adv_basis(glp_prob *P) { GUARDED(glp_adv_basis(P, 0)); }
int weft_glp_scale_prob(glp_prob *P, int flags) { GUARDED(glp_scale_prob(P, flags)); }
int weft_glp_simplex(glp_prob *P, const glp_smcp *parm, int *ret) { GUARDED(*ret = glp_simplex(P, parm)); }
int weft_glp_factorize(glp_prob *P, int *ret) { GUARDED(*ret = glp_factorize(P)); }
int weft_glp_eval_tab_row(glp_prob *P, int k, int ind[], double val[], int *len) { GUARDED(*len = glp_eval_tab_row(P, k, ind, val)); }
int weft_glp_write_lp(glp_prob *P, const char *path, int *ret) { GUARDED(*ret = glp_write_lp(P, NULL, path)); }
int weft_glp_read_lp(glp_prob *P, const char *path, int *ret) { GUARDED(*ret = glp_read_lp(P, NULL, path)); }
int weft_glp_read_sol(glp_prob *P, const char *path, int *ret) { GUARDED(*ret = glp_read_sol(P, path)); }
int weft_glp_read_ipt(glp_prob *P, const char *path, int *ret) { GUARDED(*ret = glp_read_ipt(P, path)); }

int weft_glp_row_duals(glp_prob *P, double out[])
{
    GUARDED(
        int m = glp_get_num_rows(P);
        for (int i = 1; i <= m; i++) out[i - 1] = glp_get_row_dual(P, i));
}

int weft_glp_row_prims(glp_prob *P, double out[])
{
    GUARDED(
        int m = glp_get_num_rows(P);
        for (int i = 1; i <= m; i++) out[i - 1] = glp_get_row_prim(P, i));
}

int weft_glp_col_stats(glp_prob *P, int out[])
{
    GUARDED(
        int n = glp_get_num_cols(P);
        for (int j = 1; j <= n; j++) out[j - 1] = glp_get_col_stat(P, j));
}

int weft_glp_col_prims(glp_prob *P, double out[])
{
    GUARDED(
        int n = glp_get_num_cols(P);
        for (int j = 1; j <= n; j++) out[j - 1] = glp_get_col_prim(P, j));
}

int weft_glp_simplex_diagnosed(glp_prob *P, const glp_smcp *parm, int *ret, const char *diagnostics_path, int *written)
{
    jmp_buf guard;
    *written = 0;
    if (setjmp(guard) != 0)
    {
        current_guard = NULL;
        if (diagnostics_path != NULL)
        {
            char saved[sizeof fault_text];
            memcpy(saved, fault_text, fault_length + 1);
            size_t saved_length = fault_length;
            jmp_buf inner;
            if (setjmp(inner) == 0)
            {
                current_guard = &inner;
                int code = glp_write_lp(P, NULL, diagnostics_path);
                current_guard = NULL;
                *written = code == 0;
            }
            memcpy(fault_text, saved, saved_length + 1);
            fault_length = saved_length;
        }
        recover();
        return WEFT_GLP_FAULT;
    }
    fault_length = 0;
    fault_text[0] = '\0';
    weft_glp_prepare_thread();
    current_guard = &guard;
    *ret = glp_simplex(P, parm);
    current_guard = NULL;
    return 0;
}
