{#- Which final games of the schedule have rows in which layer. A layer is one relation,
    the one its gap_detection test reads (raw layers: no_data_feed and coverage_feed as in
    that test), and the game's quality tier (coverage.source_coverage). -#}
{%- set layers = [
    {'layer': 'raw_pbp', 'stage': 'raw', 'relation': source('nba_cdn', 'pbp_actions'), 'no_data_feed': 'pbp'},
    {'layer': 'raw_boxscore', 'stage': 'raw', 'relation': source('nba_cdn', 'boxscore_games'), 'no_data_feed': 'boxscore', 'coverage_feed': 'boxscore'},
    {'layer': 'player_game_summary', 'stage': 'analytics', 'relation': ref('player_game_summary')},
    {'layer': 'team_offense_game_summary', 'stage': 'analytics', 'relation': ref('team_offense_game_summary')},
    {'layer': 'team_defense_game_summary', 'stage': 'analytics', 'relation': ref('team_defense_game_summary')},
    {'layer': 'player_composite_factors', 'stage': 'precompute', 'relation': ref('player_composite_factors')},
    {'layer': 'ml_feature_store', 'stage': 'features', 'relation': ref('ml_feature_store')},
] -%}

with

schedule as (

    select * from {{ ref('stg_nba_cdn__schedule_games') }}

),

{% for layer in layers %}
{{ layer.layer }}__games as (

{{ present_game_ids(layer.relation, 'game_id', layer.get('coverage_feed')) }}

),

{{ layer.layer }}__known_gaps as (

    select
        game_id,
        min(reason) as reason
    from (
{{ known_gap_games(layer.layer, layer.get('no_data_feed')) }}
    ) as gaps
    group by game_id

),

{% endfor %}
tiers as (

    select
        game_id,
        max(quality_tier) as quality_tier
    from {{ ref('source_coverage') }}
    group by game_id

),

final_games as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        game_date
    from schedule
    where game_status = 3
        and game_date is not null

),

layer_games as (
{% for layer in layers %}
    select
        final_games.game_id,
        final_games.game_date,
        cast('{{ layer.layer }}' as {{ dbt.type_string() }}) as layer,
        cast('{{ layer.stage }}' as {{ dbt.type_string() }}) as stage,
        {{ loop.index }} as layer_order,
        present.game_id is not null as is_present,
        known.reason as known_gap_reason,
        coalesce(tiers.quality_tier, 'missing') as quality_tier
    from final_games
    left join {{ layer.layer }}__games as present
        on final_games.game_id = present.game_id
    left join {{ layer.layer }}__known_gaps as known
        on final_games.game_id = known.game_id
    left join tiers on final_games.game_id = tiers.game_id
    {%- if not loop.last %}

    union all
    {% endif %}
{% endfor %}
)

select * from layer_games
