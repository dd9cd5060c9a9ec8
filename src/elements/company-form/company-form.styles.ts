import { fieldStyles } from '../shared/field.styles.js';
import { formStyles } from '../shared/form.styles.js';
import { themeStyles } from '../shared/theme.styles.js';

/** The company form has no rules of its own: the theme, the fields and the shared form frame. */
export const styles = [themeStyles, fieldStyles, formStyles];
