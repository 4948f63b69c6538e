odoo.define('school_attendance.register_taking', function (require) {
"use strict";

/**
 * The register-taking screen (client action ``school_register_taking``).
 *
 * Opens ready to mark, for touch and keyboard: a tap on a pupil toggles
 * present / absent (N) and makes the pupil the current one; the palette (the
 * school's most used codes, the rest under "More codes", "Late - arrived
 * now") gives the current pupil a code; typing a code and Enter does the same
 * and moves on (Enter alone: present). Marks are kept on the screen until
 * "Take register", which saves them and takes the register in one call
 * (school.attendance.register.save_and_take): all or nothing.
 *
 * Today's Registers (the kanban view ``school_register_kanban``) opens a
 * register here instead of in its form.
 */
var core = require('web.core');
var KanbanController = require('web.KanbanController');
var KanbanView = require('web.KanbanView');
var viewRegistry = require('web.view_registry');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;

var MODEL = 'school.attendance.register';

/**
 * The action that opens register ``registerId`` on the taking screen.
 */
function takingAction(registerId) {
    return {
        type: 'ir.actions.client',
        tag: 'school_register_taking',
        name: _t("Take register"),
        params: {register_id: registerId},
    };
}

var RegisterTaking = Widget.extend({
    template: 'school_attendance.RegisterTaking',
    events: {
        'click .o_school_rt_row': '_onRowClick',
        'click .o_school_rt_palette [data-code]': '_onCodeClick',
        'click .o_school_rt_more': '_onMoreClick',
        'click .o_school_rt_late': '_onLateClick',
        'click .o_school_rt_all_present': '_onAllPresentClick',
        'click .o_school_rt_take': '_onTakeClick',
        'click .o_school_rt_open_form': '_onOpenFormClick',
        'click .o_school_rt_back': '_onBackClick',
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        var params = (action && action.params) || {};
        this.registerId = parseInt(params.register_id || params.active_id, 10) || false;
        this.typed = '';
        this.current = 0;
        this.message = '';
        this.showAll = false;
    },
    willStart: function () {
        return $.when(this._super.apply(this, arguments), this._load());
    },
    start: function () {
        this._render();
        // Keys typed anywhere on the screen (no input: a tablet would open its
        // on-screen keyboard over the list).
        this._onKeydown = this._onKeydown.bind(this);
        $(document).on('keydown.school_register_taking', this._onKeydown);
        return this._super.apply(this, arguments);
    },
    destroy: function () {
        $(document).off('keydown.school_register_taking');
        this._super.apply(this, arguments);
    },

    //--------------------------------------------------------------------------
    // Data
    //--------------------------------------------------------------------------

    _load: function () {
        var self = this;
        if (!this.registerId) {
            this.data = false;
            return $.when();
        }
        return this._rpc({
            model: MODEL,
            method: 'get_taking_screen',
            args: [[this.registerId]],
        }).then(function (data) {
            self.data = data;
            self.codes = _.indexBy(data.codes, 'code');
            self.pupils = data.pupils;
        });
    },
    _isOpen: function () {
        return this.data && this.data.state === 'draft';
    },
    _unmarked: function () {
        return _.filter(this.pupils, function (pupil) { return !pupil.code; });
    },

    //--------------------------------------------------------------------------
    // Rendering
    //--------------------------------------------------------------------------

    _render: function () {
        this.$el.html(QWeb.render('school_attendance.RegisterTaking.content', {widget: this}));
        this._renderCounts();
    },
    _renderRow: function (index) {
        var $row = $(QWeb.render('school_attendance.RegisterTaking.row', {
            widget: this, pupil: this.pupils[index], index: index,
        }));
        this.$('.o_school_rt_row[data-index=' + index + ']').replaceWith($row);
    },
    _renderCounts: function () {
        var marked = this.pupils ? this.pupils.length - this._unmarked().length : 0;
        this.$('.o_school_rt_count').text(_.str.sprintf(
            _t("%s of %s marked"), marked, this.pupils ? this.pupils.length : 0));
        this.$('.o_school_rt_typed').text(this.typed);
        this.$('.o_school_rt_message').text(this.message).toggleClass('hidden', !this.message);
    },
    _select: function (index) {
        if (!this.pupils || !this.pupils.length) {
            return;
        }
        this.current = Math.max(0, Math.min(index, this.pupils.length - 1));
        this.$('.o_school_rt_row').removeClass('o_school_rt_current');
        var $row = this.$('.o_school_rt_row[data-index=' + this.current + ']');
        $row.addClass('o_school_rt_current');
        if ($row[0] && $row[0].scrollIntoView) {
            $row[0].scrollIntoView({block: 'nearest'});
        }
    },
    /**
     * Give pupil ``index`` the code (and arrival time, for a late arrival).
     */
    _setCode: function (index, code, arrivalTime) {
        var pupil = this.pupils[index];
        pupil.code = code;
        pupil.arrival_time = arrivalTime || false;
        pupil.error = false;
        this.message = '';
        this._renderRow(index);
        this._select(index);
        this._renderCounts();
    },
    _toggle: function (index) {
        var pupil = this.pupils[index];
        var present = this.data.present_code;
        this._setCode(index, pupil.code === present ? this.data.absent_code : present);
    },
    /**
     * Hours since midnight now (9:05 = 9.0833), on the device's clock.
     */
    _now: function () {
        var now = new Date();
        return now.getHours() + now.getMinutes() / 60 + now.getSeconds() / 3600;
    },
    _late: function (index) {
        this._setCode(index, this.data.late_code, this._now());
    },
    formatTime: function (hours) {
        var minutes = Math.round(hours * 60);
        return _.str.sprintf('%02d:%02d', Math.floor(minutes / 60) % 24, minutes % 60);
    },
    /**
     * Colour of a mark: present (green), late (amber), any other code (red).
     */
    markClass: function (code) {
        if (!code) {
            return '';
        }
        if (code === this.data.present_code) {
            return 'o_school_rt_present';
        }
        var late = this.codes[code] && this.codes[code].is_late;
        return late ? 'o_school_rt_late_mark' : 'o_school_rt_absent';
    },
    codeName: function (code) {
        return this.codes[code] ? this.codes[code].name : code;
    },

    //--------------------------------------------------------------------------
    // Taking
    //--------------------------------------------------------------------------

    _take: function () {
        var self = this;
        var unmarked = this._unmarked();
        if (unmarked.length) {
            _.each(unmarked, function (pupil) { pupil.error = true; });
            this.message = _.str.sprintf(
                _t("Not taken: %s pupil(s) still need a code, shown in red."), unmarked.length);
            this._render();
            this._select(_.indexOf(this.pupils, unmarked[0]));
            return $.when();
        }
        var entries = _.map(this.pupils, function (pupil) {
            var entry = {pupil_id: pupil.pupil_id, code: pupil.code};
            if (pupil.arrival_time) {
                entry.arrival_time = pupil.arrival_time;
            }
            return entry;
        });
        return this._rpc({
            model: MODEL,
            method: 'save_and_take',
            args: [[this.registerId], entries],
        }).then(function () {
            return self._load();
        }).then(function () {
            self.message = '';
            self._render();
        });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    _onRowClick: function (ev) {
        var index = $(ev.currentTarget).data('index');
        if (this._isOpen()) {
            this._toggle(index);
        }
    },
    _onCodeClick: function (ev) {
        if (this._isOpen()) {
            this._setCode(this.current, $(ev.currentTarget).data('code').toString());
        }
    },
    _onMoreClick: function () {
        this.showAll = !this.showAll;
        this.$('.o_school_rt_all_codes').toggleClass('hidden', !this.showAll);
        this.$('.o_school_rt_more').toggleClass('active', this.showAll);
    },
    _onLateClick: function () {
        if (this._isOpen()) {
            this._late(this.current);
        }
    },
    _onAllPresentClick: function () {
        var self = this;
        _.each(this.pupils, function (pupil) {
            if (!pupil.code) {
                pupil.code = self.data.present_code;
                pupil.error = false;
            }
        });
        this.message = '';
        this._render();
        this._select(this.current);
    },
    _onTakeClick: function () {
        this._take();
    },
    _onOpenFormClick: function () {
        this.do_action({
            type: 'ir.actions.act_window',
            res_model: MODEL,
            res_id: this.registerId,
            views: [[false, 'form']],
        });
    },
    _onBackClick: function () {
        this.trigger_up('history_back');
    },
    /**
     * Type a code, Enter: the current pupil gets it and the next one is
     * current (Enter alone: present; L: late, arrived now). Up/Down move,
     * Space toggles present/absent, Backspace and Escape correct the typing.
     * On a button reached with Tab, Enter and Space press the button.
     */
    _onKeydown: function (ev) {
        if (!this._isOpen() || !this.$el.is(':visible') || ev.ctrlKey || ev.metaKey || ev.altKey
                || $(ev.target).is('input, textarea, select, [contenteditable]')
                || $('.modal:visible').length) {
            return;
        }
        var key = ev.key;
        if ((key === 'Enter' || key === ' ') && !this.typed && $(ev.target).is('button, a')) {
            // A button reached with Tab: Enter and Space press it.
            return;
        }
        if (key === 'Enter') {
            ev.preventDefault();
            this._enterTyped();
        } else if (key === 'ArrowDown' || key === 'ArrowUp') {
            ev.preventDefault();
            this._select(this.current + (key === 'ArrowDown' ? 1 : -1));
        } else if (key === ' ' && !this.typed) {
            ev.preventDefault();
            this._toggle(this.current);
        } else if (key === 'Backspace' || key === 'Escape') {
            ev.preventDefault();
            this.typed = key === 'Escape' ? '' : this.typed.slice(0, -1);
            this._renderCounts();
        } else if (key && key.length === 1 && key !== ' ') {
            ev.preventDefault();
            this.typed = (this.typed + key).toUpperCase();
            this.message = '';
            this._renderCounts();
        }
    },
    _enterTyped: function () {
        var typed = this.typed;
        this.typed = '';
        if (!typed) {
            this._setCode(this.current, this.data.present_code);
        } else if (typed === this.data.late_code) {
            this._late(this.current);
        } else if (this.codes[typed]) {
            this._setCode(this.current, typed);
        } else {
            this.message = _.str.sprintf(
                _t("%s is not a code for this register: type another, or tap one below."),
                typed);
            this._renderCounts();
            return;
        }
        this._select(this.current + 1);
    },
});

core.action_registry.add('school_register_taking', RegisterTaking);

/**
 * Today's Registers: a card opens its register on the taking screen.
 */
var RegisterKanbanController = KanbanController.extend({
    _onOpenRecord: function (event) {
        event.stopPropagation();
        var record = this.model.get(event.data.id, {raw: true});
        this.do_action(takingAction(record.res_id));
    },
});

var RegisterKanbanView = KanbanView.extend({
    config: _.extend({}, KanbanView.prototype.config, {
        Controller: RegisterKanbanController,
    }),
});

viewRegistry.add('school_register_kanban', RegisterKanbanView);

return {
    RegisterTaking: RegisterTaking,
    RegisterKanbanView: RegisterKanbanView,
    takingAction: takingAction,
};
});
