<?php
/*
 * Parley for SuiteCRM: adds the Social panel to a detail view's layout, and takes it out again. Works on the viewdefs
 * array only (no SuiteCRM dependency), so that it can be tested by itself; scripts/ reads and writes the files.
 * Whatever else the layout holds (Studio changes included) is kept as it is.
 */

final class ParleyLayout
{
    const PANEL = 'lbl_parley_social_panel';
    const FIELD = 'parley_social';

    private function __construct()
    {
    }

    /** The layout with the Social panel last, holding the parley_social field across the whole row. */
    public static function withSocialPanel(array $viewdefs, $module, $view = 'DetailView')
    {
        $viewdefs = self::withoutSocialPanel($viewdefs, $module, $view);
        if (!isset($viewdefs[$module][$view]['panels']) || !is_array($viewdefs[$module][$view]['panels'])) {
            throw new InvalidArgumentException("the $module $view layout has no panels");
        }
        $layout = $viewdefs[$module][$view];
        $columns = isset($layout['templateMeta']['maxColumns']) ? (int) $layout['templateMeta']['maxColumns'] : 2;
        $field = array('name' => self::FIELD, 'label' => 'LBL_PARLEY_SOCIAL', 'hideLabel' => true);
        if ($columns > 1) {
            $field['colspan'] = $columns;
        }
        $viewdefs[$module][$view]['panels'][self::PANEL] = array(array($field));
        $useTabs = !empty($layout['templateMeta']['useTabs']);
        $viewdefs[$module][$view]['templateMeta']['tabDefs'][strtoupper(self::PANEL)] = array(
            'newTab' => $useTabs,
            'panelDefault' => 'expanded',
        );
        return $viewdefs;
    }

    /** The layout without the Social panel and without the parley_social field anywhere else in it. */
    public static function withoutSocialPanel(array $viewdefs, $module, $view = 'DetailView')
    {
        if (!isset($viewdefs[$module][$view]['panels']) || !is_array($viewdefs[$module][$view]['panels'])) {
            return $viewdefs;
        }
        $panels = array();
        foreach ($viewdefs[$module][$view]['panels'] as $id => $rows) {
            if (strtolower((string) $id) === self::PANEL) {
                continue;
            }
            if (is_array($rows)) {
                foreach ($rows as $r => $row) {
                    if (!is_array($row)) {
                        continue;
                    }
                    foreach ($row as $c => $cell) {
                        $name = is_array($cell) ? (isset($cell['name']) ? $cell['name'] : null) : $cell;
                        if ($name === self::FIELD) {
                            // Keep the grid's shape: an empty cell, as Studio leaves one.
                            $rows[$r][$c] = '';
                        }
                    }
                }
            }
            $panels[$id] = $rows;
        }
        $viewdefs[$module][$view]['panels'] = $panels;
        unset($viewdefs[$module][$view]['templateMeta']['tabDefs'][strtoupper(self::PANEL)]);
        return $viewdefs;
    }
}
